// Issue 17's targets for the npm package against Amplify, printed under bench.mjs's and
// browser.mjs's tables: at least 20x faster on the whole sign-in against the local emulator,
// and at least 100x on the client step alone. Returns whether both are met.
export const TARGETS = { full: 20, step: 100 };

export function printTargets(where, fullRatio, stepRatio) {
  const line = (what, ratio, want) => `${what} >= ${want}x Amplify: ${ratio.toFixed(1)}x, ${ratio >= want ? "met" : "NOT met"}`;
  console.log(`\ntargets (${where}): ${line("whole sign-in", fullRatio, TARGETS.full)}; ${line("client step", stepRatio, TARGETS.step)}`);
  return fullRatio >= TARGETS.full && stepRatio >= TARGETS.step;
}
