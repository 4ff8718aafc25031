"""The review desk: a local web page where a journalist checks a draft story and publishes it.

``incident-map desk ARTICLE | STORY.yaml`` (``maps.cli.desk``) starts the ASGI app of
``maps.desk.app`` on the loopback address. The rooms inside: ``document`` edits the story YAML
keeping its comments, ``highlights`` finds what the article's words became, ``session`` holds
one desk's state, ``paths`` keeps every file inside the folder the desk was started on.
"""
