"""Pure logic of the service hall's queue: calling order, estimates, numbers, star windows."""
