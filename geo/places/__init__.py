"""Places: the Place value, name normalisation, the offline gazetteer and geocoders."""
