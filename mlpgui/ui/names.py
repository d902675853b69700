"""Every interactive widget's and action's objectName, in one place.

Tests and the screenshot script find widgets by these names; keep them stable and unique.
"""

# --- actions -----------------------------------------------------------------------------------
STEP_ACTION = "stepAction"
STEP_MANY_ACTION = "stepManyAction"
STEP_PHASE_ACTION = "stepPhaseAction"
RUN_ACTION = "runAction"
PAUSE_ACTION = "pauseAction"
RUN_PAUSE_ACTION = "runPauseAction"
RESET_ACTION = "resetAction"
NEW_SEED_ACTION = "newSeedAction"
TRAIN_BIASES_ACTION = "trainBiasesAction"
QUIT_ACTION = "quitAction"
SHORTCUTS_ACTION = "shortcutsAction"
ABOUT_ACTION = "aboutAction"
LOG_SCALE_ACTION = "logScaleAction"
UNDO_ACTION = "undoAction"
REDO_ACTION = "redoAction"
PRESET_MENU = "presetMenu"


def preset_action_name(preset: str) -> str:
    """The objectName of the File ▸ New from preset ▸ ``preset`` action."""
    return f"preset{preset[:1].upper()}{preset[1:]}Action"


# --- toolbar controls --------------------------------------------------------------------------
TRAINING_TOOLBAR = "trainingToolBar"
LEARNING_RATE_SPIN = "learningRateSpin"
BATCH_MODE_COMBO = "batchModeCombo"
LOSS_COMBO = "lossCombo"
SPEED_COMBO = "speedCombo"

# --- main areas (the last four are built by the diagram, dataset and plot modules) -------------
LOSS_PLOT = "lossPlot"
RECORD_VIEW = "recordView"
NETWORK_VIEW = "networkView"
DATASET_EDITOR = "datasetEditor"
INSPECTOR_PANEL = "inspectorPanel"
OUTPUT_PLOT = "outputPlot"

# --- docks -------------------------------------------------------------------------------------
LOSS_DOCK = "lossDock"
RECORD_DOCK = "recordDock"

# --- messages and status bar -------------------------------------------------------------------
MESSAGE_BANNER = "messageBanner"
MESSAGE_LABEL = "messageLabel"
MESSAGE_CLOSE_BUTTON = "messageCloseButton"
STATUS_UPDATE_LABEL = "statusUpdateLabel"
STATUS_EPOCH_LABEL = "statusEpochLabel"
STATUS_LOSS_LABEL = "statusLossLabel"
STATUS_STATE_LABEL = "statusStateLabel"


# --- network diagram, inspector, phase stepping, architecture editor (issue #4) ------------------
# (NETWORK_VIEW, INSPECTOR_PANEL and STEP_PHASE_ACTION are listed above.)
NETWORK_STAGE = "networkStage"
NETWORK_OPTIONS_BAR = "networkOptionsBar"
EDGE_QUANTITY_COMBO = "edgeQuantityCombo"
UNIT_QUANTITY_COMBO = "unitQuantityCombo"
SAMPLE_SPIN = "sampleSpin"
EDGE_VALUES_CHECK = "edgeValuesCheck"
FIT_VIEW_BUTTON = "fitViewButton"
ARCHITECTURE_BUTTON = "architectureButton"
PHASE_LABEL = "phaseLabel"
NETWORK_LEGEND = "networkLegend"
NETWORK_NOTE_LABEL = "networkNoteLabel"
PARAMETER_EDITOR = "parameterEditor"
NETWORK_UNDO_STACK = "networkUndoStack"
INSPECTOR_DOCK = "inspectorDock"
INSPECTOR_TEXT = "inspectorText"
INSPECTOR_DIGITS_SPIN = "inspectorDigitsSpin"
INSPECTOR_COPY_BUTTON = "inspectorCopyButton"
ARCHITECTURE_ACTION = "architectureAction"
ARCHITECTURE_DIALOG = "architectureDialog"
HIDDEN_LAYERS_SPIN = "hiddenLayersSpin"
HIDDEN_UNITS_SPIN = "hiddenUnitsSpin"  # + the hidden layer's number: hiddenUnitsSpin1, ...
ACTIVATION_COMBO = "activationCombo"  # + the layer's number: activationCombo1, ...
# --- end of issue #4 names ---------------------------------------------------------------------

# --- dataset editor (issue #5) -----------------------------------------------------------------
# (DATASET_EDITOR, "datasetEditor", is listed with the main areas above.)
DATASET_DOCK = "datasetDock"
DATASET_PLOT = "datasetPlot"
DATASET_TABLE = "datasetTable"
DATASET_TOOLBAR = "datasetToolBar"
PRESET_COMBO = "presetCombo"
PRESET_POINTS_SPIN = "presetPointsSpin"
PRESET_NOISE_SPIN = "presetNoiseSpin"
PRESET_SEED_SPIN = "presetSeedSpin"
REGENERATE_BUTTON = "regenerateButton"
TEST_SPLIT_SPIN = "testSplitSpin"
CLASS_COMBO = "classCombo"
IMPORT_CSV_ACTION = "importCsvAction"
EXPORT_CSV_ACTION = "exportCsvAction"
PASTE_ROWS_ACTION = "pasteRowsAction"
COPY_ROWS_ACTION = "copyRowsAction"
ADD_ROW_ACTION = "addRowAction"
DELETE_ROWS_ACTION = "deleteRowsAction"
CLEAR_DATASET_ACTION = "clearDatasetAction"
DATASET_UNDO_STACK = "datasetUndoStack"
# --- end of issue #5 names ---------------------------------------------------------------------

# --- plots (issue #6) --------------------------------------------------------------------------
PLOTS_FEATURE = "plotsFeature"
OUTPUT_DOCK = "outputDock"
OUTPUT_NOTE = "outputNote"
HIDDEN_UNITS_PLOT = "hiddenUnitsPlot"
HIDDEN_UNITS_DOCK = "hiddenUnitsDock"
HIDDEN_UNITS_NOTE = "hiddenUnitsNote"
TRAJECTORIES_PLOT = "trajectoriesPlot"
TRAJECTORIES_DOCK = "trajectoriesDock"
TRAJECTORIES_NOTE = "trajectoriesNote"
LOSS_SURFACE_PLOT = "lossSurfacePlot"
LOSS_SURFACE_DOCK = "lossSurfaceDock"
LOSS_SURFACE_NOTE = "lossSurfaceNote"
SURFACE_FIRST_COMBO = "surfaceFirstCombo"
SURFACE_SECOND_COMBO = "surfaceSecondCombo"
SURFACE_FOLLOW_CHECK = "surfaceFollowCheck"
SURFACE_RECOMPUTE_BUTTON = "surfaceRecomputeButton"
SURFACE_RECOMPUTE_ACTION = "surfaceRecomputeAction"
EXPORT_MENU = "exportMenu"
EXPORT_WINDOW_ACTION = "exportWindowAction"
EXPORT_LOSS_ACTION = "exportLossAction"
EXPORT_OUTPUT_ACTION = "exportOutputAction"
EXPORT_HIDDEN_UNITS_ACTION = "exportHiddenUnitsAction"
EXPORT_TRAJECTORIES_ACTION = "exportTrajectoriesAction"
EXPORT_LOSS_SURFACE_ACTION = "exportLossSurfaceAction"
# --- end of issue #6 names ---------------------------------------------------------------------

# --- history, sessions, command line (issue #7) ------------------------------------------------
TIMELINE_TOOLBAR = "timelineToolBar"
HISTORY_SLIDER = "historySlider"
HISTORY_LABEL = "historyLabel"
HISTORY_BACK_ACTION = "historyBackAction"
HISTORY_FORWARD_ACTION = "historyForwardAction"
BACK_TO_LATEST_ACTION = "backToLatestAction"
CONTINUE_FROM_HERE_ACTION = "continueFromHereAction"
OPEN_SESSION_ACTION = "openSessionAction"
SAVE_SESSION_ACTION = "saveSessionAction"
SAVE_SESSION_AS_ACTION = "saveSessionAsAction"
EXPORT_HISTORY_ACTION = "exportHistoryAction"
RECENT_MENU = "recentMenu"
# --- end of issue #7 names ---------------------------------------------------------------------

# --- speed control (issue #10; SPEED_COMBO, above, names the whole control) -----------------------
SPEED_SLIDER = "speedSlider"
SPEED_LABEL = "speedLabel"

# --- diagram state line, parameter names (issue #10, diagram and inspector) ---------------------
DIAGRAM_STATE_LABEL = "diagramStateLabel"
NETWORK_CONTEXT_MENU = "networkContextMenu"
NAME_PARAMETER_ACTION = "nameParameterAction"
# --- end of issue #10 diagram names ------------------------------------------------------------

# --- presenter mode (issue #10) ---------------------------------------------------------------
PRESENTER_ACTION = "presenterModeAction"

# --- large data and imports (issue #11, dataset editor and output plot) ------------------------
IMPORT_PROGRESS_DIALOG = "importProgressDialog"
DATASET_SAMPLE_NOTE = "datasetSampleNote"
OUTPUT_SAMPLE_NOTE = "outputSampleNote"

# --- animation export (issue #13) ----------------------------------------------------------------
RECORD_ANIMATION_ACTION = "recordAnimationAction"
RECORDING_TOGGLE_ACTION = "recordingToggleAction"
RECORDING_INDICATOR = "recordingIndicator"
RECORD_DIALOG = "recordAnimationDialog"
RECORD_CONTENT_COMBO = "recordContentCombo"
RECORD_FORMAT_COMBO = "recordFormatCombo"
RECORD_FORMAT_NOTE = "recordFormatNote"
RECORD_FPS_SPIN = "recordFpsSpin"
RECORD_SIZE_COMBO = "recordSizeCombo"
RECORD_UPDATES_RADIO = "recordUpdatesRadio"
RECORD_UPDATES_SPIN = "recordUpdatesSpin"
RECORD_MANUAL_RADIO = "recordManualRadio"
RECORD_PATH_EDIT = "recordPathEdit"
RECORD_BROWSE_BUTTON = "recordBrowseButton"
RECORD_ERROR_LABEL = "recordErrorLabel"
RECORD_START_BUTTON = "recordStartButton"
RECORD_CANCEL_BUTTON = "recordCancelButton"


# --- run comparison (issue #13) -----------------------------------------------------------------
RUNS_DOCK = "runsDock"
RUNS_PANEL = "runsPanel"
RUNS_LIST = "runsList"
RUNS_HINT = "runsHint"
KEEP_RUN_BUTTON = "keepRunButton"
SHOW_RUN_BUTTON = "showRunButton"
REMOVE_RUN_BUTTON = "removeRunButton"
KEEP_RUN_RESTART_ACTION = "keepRunRestartAction"
KEEP_RUN_CONTINUE_ACTION = "keepRunContinueAction"
SHOW_RUN_ACTION = "showRunAction"
RENAME_RUN_ACTION = "renameRunAction"
REMOVE_RUN_ACTION = "removeRunAction"

# --- Playground options: regularisation, momentum, input features (issue #13) ------------------
PLAYGROUND_DOCK = "playgroundDock"
PLAYGROUND_PANEL = "playgroundPanel"
PLAYGROUND_MENU = "playgroundMenu"
PLAYGROUND_ACTION = "playgroundOptionsAction"
PLAYGROUND_OFF_ACTION = "playgroundOffAction"
PLAYGROUND_SUMMARY = "playgroundSummary"
PLAYGROUND_FEATURES_NOTE = "playgroundFeaturesNote"
L2_RATE_SPIN = "l2RateSpin"
L1_RATE_SPIN = "l1RateSpin"
MOMENTUM_SPIN = "momentumSpin"
NEW_DATA_SEED_BUTTON = "newDataSeedButton"


def input_feature_name(code: str, suffix: str = "Check") -> str:
    """objectName of an input feature's check box ("inputFeatureX1sqCheck" for "x1^2",
    "inputFeatureX1X2Check" for "x1*x2", "inputFeatureSinX1Check" for "sin(x1)"); with
    ``suffix="Action"`` its Training-menu action."""
    readable = code.replace("^2", "sq").replace("*", "_").replace("sin(", "sin_").rstrip(")")
    camel = "".join(part[:1].upper() + part[1:] for part in readable.split("_"))
    return f"inputFeature{camel}{suffix}"


# --- exercise mode and worked-example export (issue #13) --------------------------------------
INSPECTOR_COPY_AS_BUTTON = "inspectorCopyAsButton"
COPY_AS_TEXT_ACTION = "copyAsTextAction"
COPY_AS_MARKDOWN_ACTION = "copyAsMarkdownAction"
COPY_AS_LATEX_ACTION = "copyAsLatexAction"
INSPECTOR_EXPORT_BUTTON = "inspectorExportButton"
EXPORT_WORKED_ACTION = "exportWorkedExampleAction"
EXPORT_SHEET_ACTION = "exportExerciseSheetAction"
ASK_VALUE_MENU = "askValueMenu"
EXERCISE_ACTION = "exerciseAction"
EXERCISE_DOCK = "exerciseDock"
EXERCISE_PANEL = "exercisePanel"
EXERCISE_SUMMARY_LABEL = "exerciseSummaryLabel"
EXERCISE_SCORE_LABEL = "exerciseScoreLabel"
EXERCISE_NEW_BUTTON = "exerciseNewButton"
EXERCISE_APPLY_BUTTON = "exerciseApplyButton"
EXERCISE_END_BUTTON = "exerciseEndButton"
EXERCISE_SHEET_BUTTON = "exerciseSheetButton"
EXERCISE_PICKED_LABEL = "exercisePickedLabel"
EXERCISE_CLEAR_PICKED_BUTTON = "exerciseClearPickedButton"
EXERCISE_DIALOG = "exerciseDialog"
EXERCISE_RANDOM_RADIO = "exerciseRandomRadio"
EXERCISE_PICKED_RADIO = "exercisePickedRadio"
EXERCISE_SEED_EDIT = "exerciseSeedEdit"
EXERCISE_NEW_SEED_BUTTON = "exerciseNewSeedButton"
EXERCISE_COUNT_SPIN = "exerciseCountSpin"
EXERCISE_KINDS_LIST = "exerciseKindsList"
EXERCISE_DIALOG_ERROR = "exerciseDialogError"
OUTPUT_COVER = "outputCover"
HIDDEN_UNITS_COVER = "hiddenUnitsCover"
LOSS_SURFACE_COVER = "lossSurfaceCover"
TRAINING_STATUS = "trainingStatus"


def ask_value_action_name(kind: str) -> str:
    """objectName of the diagram's context-menu action "Ask for this value" for a quantity
    kind of ``mlpgui.core.exercise`` ("askValueDriveAction" for "drive")."""
    return "askValue" + "".join(p.capitalize() for p in kind.split("_")) + "Action"


def exercise_item_name(part: str, n: int) -> str:
    """objectName of a part of exercise ``n`` (1-based) in the exercise panel: ``part`` is
    "Answer" (the answer field), "Hint", "Reveal" (buttons), "Verdict" (the sentence) or
    "Details" (the hint or worked answer): "exerciseAnswer1"."""
    return f"exercise{part}{n}"


RUNS_NOT_SAVED_NOTE = "runsNotSavedNote"  # H20: the Runs dock's "kept runs are not saved"
RECORD_SIZE_NOTE = "recordSizeNote"  # H20: the Record dialog's file size estimate


def all_names() -> dict[str, str]:
    """Every constant defined here: {CONSTANT_NAME: objectName}."""
    return {k: v for k, v in globals().items() if k.isupper() and isinstance(v, str)}
