/** Discord-shaped ids (time since the Discord epoch << 22, plus a counter): unique, increasing, 18–19 digits. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;

export const snowflakes = {
  next(): string {
    counter = (counter + 1n) & 0x3fffffn;
    return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | counter);
  },
};
