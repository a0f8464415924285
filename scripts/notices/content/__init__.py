"""The content stage: the notice model, its strict loading, and the checks (the Markdown is `notices.markup`)."""
