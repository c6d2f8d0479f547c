"""Review pages made by hand, for the HTML and browser tests: a long article, a hostile one."""

from __future__ import annotations

import re

from irkg.review.model import Article, Claim, Entity, Evidence, Layer, Quantity, Site

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def synthetic(words: int = 10_000, spans: int = 1_000) -> Article:
    """An article of ``words`` words with ``spans`` overlapping quotes over 100 claims."""
    text = " ".join(f"w{i % 977}" for i in range(words))
    starts = [m.start() for m in re.finditer(r"w", text)]
    claims = []
    for c in range(100):
        evidence = []
        for k in range(spans // 100):
            n = (c * 97 + k * 1009) % (words - 40)
            a, b = starts[n], starts[n + 3 + (c + k) % 30] - 1
            evidence.append(Evidence(f"e{c}_{k}", f"claim-{c}", f"ann/{c}/{k}", text[a:b], a, b))
        claims.append(Claim(f"claim-{c}", f"iri/{c}", "stance" if c % 2 else "membership",
                            "support", ("a",), ("b",), tuple(evidence)))
    return Article("big", "iri/big", "Big", "0" * 64, text, (), tuple(claims))


def synthetic_site() -> Site:
    return Site((synthetic(),), {"a": Entity("a", "iri/a", "A", "State"),
                                 "b": Entity("b", "iri/b", "B", "State")})


def hostile_article() -> tuple[Article, Site]:
    """Every string of the page carries markup: the text, its quote, labels, the title, and
    every qualifier of the claim (axes, sources, links, quantities, its text layer)."""
    text = f"Before {HOSTILE} after </script> & more"
    a = text.index("<script>")
    quote = text[a:a + len(HOSTILE) + 6]
    layer = Layer(1, HOSTILE, 0, len(text), "x", HOSTILE, HOSTILE, HOSTILE)
    claim = Claim("c1", "iri/c1", "stance", HOSTILE, ("x",), ("x",),
                  (Evidence("e1", "c1", "ann/1", quote, a, a + len(quote)),), summary=HOSTILE,
                  polarity=HOSTILE, modality=HOSTILE, scope=HOSTILE, trend=HOSTILE,
                  plain=False, sources=("x", HOSTILE, ""), reported_to=("x",),
                  links=(("condition", HOSTILE, HOSTILE), ("about_claim", HOSTILE, HOSTILE)),
                  quantities=(Quantity(HOSTILE, HOSTILE, 0, 1),), layer=layer,
                  roles=(("addressee", "x"), ("terms_of", HOSTILE)))
    article = Article("a", "iri/a", HOSTILE, "0" * 64, text, (("Publisher", HOSTILE, "x"),),
                      (claim,), layers=(layer,))
    return article, Site((article,), {"x": Entity("x", "iri/x", HOSTILE, "State",
                                                  note=HOSTILE)})
