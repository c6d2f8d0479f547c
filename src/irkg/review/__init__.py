"""The review site: the graph as static HTML pages a reviewer reads in a browser.

Public API: :func:`irkg.review.site.build_site` (read a built graph, validate
it and write the site) and :func:`irkg.review.site.write_site` (write pages
from :mod:`irkg.review.model` data made any other way).

The stages follow the pipeline's own split: :mod:`~irkg.review.read` turns
the graph into page data (:mod:`~irkg.review.model`); :mod:`~irkg.review.spans`
cuts the text where quotes begin and end; :mod:`~irkg.review.article`,
:mod:`~irkg.review.pages` and :mod:`~irkg.review.graph_svg` write HTML and SVG
through the escaping of :mod:`~irkg.review.html`; :mod:`~irkg.review.site`
writes the files, with the stylesheet and script of ``assets/``.
"""
