"""Write the SYNTHETIC sample inputs in ``data/samples/`` that the README's commands use.

- ``acled-sample.csv``: 500 rows of the ACLED-like table made by
  ``benchmarks/synth_acled.py`` (seed 20240503, 400 towns), ACLED's 31 export columns.
  Real town names and coordinates (GeoNames); every event, actor pairing, date, figure and
  note is invented.
- ``wire.jsonl``: 12 short wire-style articles (``id``, ``date``, ``url``, ``text``) about
  real places, written for this sample in the manner of 2024 conflict reporting. Dates,
  figures, attributions and details are invented or altered: not news, not to be cited. No
  person is named or quoted; the urls are under example.org.

Both are deterministic: running this again gives the same bytes.

    .venv/bin/python tools/make_samples.py
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "data" / "samples"
SEED = 20240503


def _synth():
    """``benchmarks/synth_acled.py``, imported by path (benchmarks/ is not a package)."""
    path = REPO / "benchmarks" / "synth_acled.py"
    spec = importlib.util.spec_from_file_location("synth_acled", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth_acled"] = module
    spec.loader.exec_module(module)
    return module


WIRE = [
    (
        "2024-05-12",
        "kharkiv-overnight-strikes",
        "Russian forces struck Kharkiv overnight with guided aerial bombs, damaging a "
        "printing works and several apartment blocks in the north of the city, the regional "
        "administration said on Sunday. Three people were killed and at least 20 injured. "
        "Emergency crews worked through the morning to clear rubble in the Saltivka district. "
        "Further north, shelling hit Vovchansk, some 5 km from the Russian border, where "
        "fighting has intensified over the past week; officials said evacuations of the town "
        "would continue. In Russia, the Belgorod region reported drone attacks on two "
        "villages near Shebekino, with no casualties.",
    ),
    (
        "2024-08-10",
        "kursk-incursion-sudzha",
        "Fighting continued for a fifth day in Russia's Kursk region, where Ukrainian units "
        "crossed the border near Sudzha earlier this week. Russian officials said about "
        "76,000 residents had been evacuated from border districts and that a drone had hit "
        "an apartment building in Kurchatov, close to the Kursk nuclear power plant, "
        "injuring two people. Ukrainian officials in the Sumy region said Russian artillery "
        "had shelled Krasnopillia and Bilopillia overnight. Independent confirmation of the "
        "front line around Sudzha, about 10 km from the Ukrainian border, was not possible.",
    ),
    (
        "2024-03-02",
        "odesa-drone-strike",
        "A Russian drone hit a residential building in Odesa early on Saturday, collapsing "
        "part of a nine-storey block and killing at least eight people, emergency services "
        "said. Rescuers were still searching the rubble in the afternoon. Air defences shot "
        "down most of the drones launched overnight over the Odesa and Mykolaiv regions, the "
        "air force said. The port of Izmail on the Danube, which handles part of Ukraine's "
        "grain exports, was also targeted; a warehouse caught fire but no casualties were "
        "reported there.",
    ),
    (
        "2024-06-20",
        "zaporizhzhia-plant-power-line",
        "The Zaporizhzhia nuclear power plant lost one of its two remaining external power "
        "lines after shelling near Enerhodar, the plant's operator said on Thursday. The "
        "station, the largest in Europe, has been under Russian control since March 2022 and "
        "its six reactors are in cold shutdown. Across the Dnipro river, Nikopol came under "
        "artillery fire again; a woman was killed and two men were injured, local officials "
        "said. In Zaporizhzhia city, about 50 km to the north-east of the plant, a drone "
        "damaged an energy facility.",
    ),
    (
        "2024-04-15",
        "el-fasher-siege",
        "Aid agencies warned that fighting around El Fasher, the capital of North Darfur, "
        "threatens hundreds of thousands of displaced people sheltering in and around the "
        "city. The Rapid Support Forces attacked villages west of El Fasher over the weekend "
        "and at least 15 civilians were killed, local monitors said. The Sudanese army "
        "carried out air strikes on RSF positions near Mellit. In Khartoum, clashes were "
        "reported in Omdurman and around the army's headquarters. Thousands of people have "
        "crossed into Chad through Adre in the past month.",
    ),
    (
        "2024-07-09",
        "djibo-attack-burkina",
        "Militants attacked an army position near Djibo in northern Burkina Faso on Monday, "
        "killing at least 12 soldiers and volunteer fighters, security sources said. The "
        "attack was claimed by JNIM, the al Qaeda-linked group active across the Sahel. "
        "Djibo, in the Soum province close to the border with Mali, has been under blockade "
        "for more than two years and is supplied mainly by air. Separately, an improvised "
        "explosive device hit a supply convoy on the road between Kaya and Dori, wounding "
        "several drivers.",
    ),
    (
        "2024-02-28",
        "lashio-shan-fighting",
        "Heavy fighting broke out on the outskirts of Lashio in Myanmar's northern Shan State "
        "as ethnic armed groups pushed towards the town, residents said. The military "
        "responded with air strikes on villages along the road to Hsipaw, and at least six "
        "civilians were killed, according to local volunteers. Thousands of residents fled "
        "south towards Mandalay. The "
        "Ta'ang National Liberation Army said it had taken two military outposts near "
        "Kyaukme. Communications in the area were cut for much of the day, and the road to "
        "the Chinese border at Muse was closed.",
    ),
    (
        "2024-09-15",
        "culiacan-clashes",
        "Schools and shops stayed closed in Culiacán, the capital of Sinaloa state, after a "
        "week of gun battles between rival factions of the Sinaloa Cartel. Authorities said "
        "at least 30 people had been killed since the clashes began, and the army deployed "
        "several hundred additional troops to the city. Burned-out vehicles blocked roads on "
        "the highway to Mazatlán on Saturday. Residents of nearby Navolato reported "
        "gunfire overnight, and the state government suspended classes until further "
        "notice. Further south, in Michoacán, police found four bodies on a rural road near "
        "Apatzingán, an area long disputed between criminal groups. The federal security "
        "cabinet said it would send more National Guard units to both states.",
    ),
    (
        "2024-01-18",
        "red-sea-houthi-strikes",
        "The Houthi movement fired two anti-ship missiles at a cargo vessel in the southern "
        "Red Sea on Thursday, about 60 nautical miles south-west of Hodeidah, the ship's "
        "managers said. The missiles missed and the crew was unharmed. In response, US and "
        "British aircraft struck Houthi radar and launch sites near Hodeidah and in the "
        "hills north of Sanaa. Shipping companies continued to divert vessels away from the "
        "Bab el-Mandeb strait and around the Cape of Good Hope. Insurance costs for the "
        "route have risen sharply, and the Suez Canal authority reported a steep fall in "
        "transits. On land, fighting continued between government forces and the Houthis "
        "near Taiz and on the front lines of Marib.",
    ),
    (
        "2024-10-05",
        "goma-m23-sake",
        "M23 rebels shelled positions of the Congolese army and allied militias near Sake, "
        "about 25 km west of Goma, on Saturday, forcing families to flee towards the city, "
        "local officials said. Two civilians were killed when a shell hit a displacement "
        "camp at Mugunga. The fighting in North Kivu province has displaced more than a "
        "million people. Congo's government accuses Rwanda of backing the rebels; Kigali "
        "denies it. Traffic on the road from Goma to Minova was halted, and boats carried "
        "people and goods across Lake Kivu instead. Further north, ADF militants attacked a "
        "village near Beni, killing at least nine people with machetes, a civil society "
        "group said.",
    ),
    (
        "2024-11-17",
        "belgorod-shebekino-shelling",
        "Shelling damaged houses and a school in Shebekino, a town in Russia's Belgorod "
        "region some 7 km from the Ukrainian border, the regional authorities said on "
        "Sunday. One man was injured. Drones also struck an electricity substation in the "
        "city of Belgorod, about 40 km from the border, leaving several districts without "
        "power for hours. On the Ukrainian side, Russian guided bombs hit Kupiansk and "
        "villages in the Kharkiv region, killing two people. Ukraine's air force said it "
        "had shot down 25 of 40 drones launched overnight, most of them over the Poltava, "
        "Sumy and Chernihiv regions; the rest were lost to electronic jamming. In Kherson, "
        "a drone attacked a bus, injuring its driver.",
    ),
    (
        "2024-12-01",
        "moscow-drones-catatumbo",
        "Russia's air defences shot down at least 20 drones over the Moscow region overnight, "
        "more than 450 km from the Ukrainian border, officials said; debris damaged two "
        "houses in Ramenskoye and flights were briefly suspended at Domodedovo and Zhukovsky "
        "airports. In a separate development, the Colombian army reinforced units in the "
        "Catatumbo region of Norte de Santander after clashes between ELN guerrillas and "
        "FARC dissidents near Tibú, close to the Venezuelan border; thousands of people "
        "fled to Cúcuta and Ocaña, where the city authorities opened sports halls as "
        "shelters.",
    ),
]


def write_table(path: Path) -> None:
    synth = _synth()
    # Fewer extra sentences than the benchmark's table (median note ~170 characters, not
    # ~210) keep the file under 250 kB.
    frame = synth.make_table(500, seed=SEED, n_locations=400, extra_sentences=0.35)
    frame.to_csv(path, index=False, lineterminator="\n")
    ratio = synth.gzip_ratio(frame["notes"].to_numpy())
    print(f"wrote {path.relative_to(REPO)}: {len(frame)} rows, {path.stat().st_size:,} bytes "
          f"(notes gzip x{ratio:.1f})")  # fmt: skip


def write_wire(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for n, (date, slug, text) in enumerate(WIRE, start=1):
            words = len(text.split())
            if not 80 <= words <= 200:
                raise SystemExit(f"article {slug}: {words} words, not 80-200")
            record = {
                "id": f"wire-{n:03d}",
                "date": date,
                "url": f"https://example.org/synthetic-wire/{date}/{slug}",
                "text": text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {path.relative_to(REPO)}: {len(WIRE)} articles, {path.stat().st_size:,} bytes")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    write_table(OUT / "acled-sample.csv")
    write_wire(OUT / "wire.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
