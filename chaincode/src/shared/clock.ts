// The endorser's own clock, read only to bound the client-supplied transaction timestamp; tests
// replace it so they can run the rules on a compressed or shifted clock.
export let endorserNow = (): number => Date.now();
export function setEndorserClock(fn: () => number): void { endorserNow = fn; }
