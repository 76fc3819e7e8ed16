"""网格工作台 gridapp: offline desktop workbench for community grid management."""

__version__ = "0.1.0"
APP_NAME = "gridapp"
APP_TITLE_ZH = "网格工作台"
