"""The window: the only package that imports PySide6 (and only in its Qt modules).

    app.run(args)          QApplication, language, fonts, error hooks, --screenshot
    mainwindow.MainWindow  search bar + facets | article list | reading pane, menus, drops
    search.SearchController  debounced search-as-you-type, history, paging, facets
    ops.Ops                the one helper that runs library reads off the UI thread
    imports.ImportController  imports in a spawned worker process, polled by a QTimer
    models/                lazy article table (ids + fetched rows), facet tree
    widgets/               search bar, reading pane (document building, hits), dialogs

`importjob` and `textmap` are Qt-free on purpose: the import worker process imports the
former, and the latter is the code-point <-> UTF-16 edge that tests check on its own.
"""
