def test_debug(client, district):
    page = client.get("/matters/id-card-renewal").content.decode()
    import re
    print(re.findall(r'data-limit="[a-z]+">[^<]*<', page))
