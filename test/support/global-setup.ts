// Starts the emulators once for the integration tests; filled in with the local runner.
export default async function setup(): Promise<void> {}
