"""Files the app loads at run time, shipped inside the package (read them with
``importlib.resources.files("mlpgui.resources")``): ``mlpgui.svg`` is the window and
application icon."""
