// The CLI: the same core as the action, for admins at a terminal.
console.log('copilot-seats: not implemented yet');
