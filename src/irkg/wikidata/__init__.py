"""Linking the registry with Wikidata: client, cache, checks, suggestions, cross-checks.

A wrong ``owl:sameAs`` merges two different things in every store that reasons
over it, so links are checked against Wikidata's own data (label, type,
redirects) and the graph's facts are compared with Wikidata's statements. All
of it runs offline from the cache in ``seeds/wikidata/``; only ``--refresh``
and ``suggest`` talk to Wikidata.
"""
