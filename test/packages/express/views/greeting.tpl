Hello {{name}}, you have {{count}} messages.
