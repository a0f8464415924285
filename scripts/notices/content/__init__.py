"""The content stage: the notice model, its strict loading, the Markdown and the checks."""
