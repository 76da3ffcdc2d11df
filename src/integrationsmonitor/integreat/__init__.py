"""The county's Integreat app, both ways: read its places (`api`, `importieren`) and push the course list
with open seats into its pages (`push`, `warteschlange`, `push_befehl`)."""
