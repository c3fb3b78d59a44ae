"""The one exception the NLP layer raises for problems a user can cause."""


class PipelineError(Exception):
    """The pipeline cannot be built: a named model is missing or a pattern file is invalid.

    The message is one sentence meant for the user (the CLI and the app show it as is).
    """
