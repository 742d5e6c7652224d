"""Widgets of the window: search bar, reading pane, facet panel, list delegate, dialogs."""
