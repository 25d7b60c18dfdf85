/**
 * Median of float32 values by Torben Mogensen's method (as in the reference):
 * bisects between min and max without reordering the input. For an even count
 * it returns the lower middle value.
 */
export function torbenMedian(values: Float32Array): number {
  const n = values.length;
  const half = Math.trunc((n + 1) / 2);
  let min = values[0]!;
  let max = values[0]!;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  for (;;) {
    const guess = Math.fround((min + max) / 2);
    let less = 0;
    let greater = 0;
    let equal = 0;
    let maxBelowGuess = min;
    let minAboveGuess = max;
    for (const value of values) {
      if (value < guess) {
        less++;
        if (value > maxBelowGuess) maxBelowGuess = value;
      } else if (value > guess) {
        greater++;
        if (value < minAboveGuess) minAboveGuess = value;
      } else {
        equal++;
      }
    }
    if (less <= half && greater <= half) {
      if (less >= half) return maxBelowGuess;
      if (less + equal >= half) return guess;
      return minAboveGuess;
    }
    if (less > greater) max = maxBelowGuess;
    else min = minAboveGuess;
  }
}
