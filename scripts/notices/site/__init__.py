"""The site stage: the pages, feeds, versions, sitemaps, CSP, PDFs and the search index."""
