"""The one error adapters raise: the runner records its message as the conversation's `bot_error`
(secrets redacted), and the run goes on."""


class AdapterError(RuntimeError):
    """The bot could not be reached or answered something unusable; the message says which and why."""
