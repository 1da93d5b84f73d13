"""The bot's words and decisions, as data (YAML). No code lives here: this file only makes
the folder a package, so the dialogs install with the bot and are found through
importlib.resources. See the README's "Editing the advice"."""
