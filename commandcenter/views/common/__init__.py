"""What every screen shares: the case detail, dialogs, the task runner, the live feed,
login and start-up, settings, the interface language and the workstation's data."""
