"""notices: versioned, multilingual privacy notices from one Markdown source."""
