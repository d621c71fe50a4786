import { Bot } from './Bot.js';
import { BotError } from './BotError.js';
import { loadConfig } from './config.js';

/** Start the bot: `DISCORD_TOKEN=… node dist/main.js` (see README.md for every setting). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof BotError) {
      console.error(error.message);
      if (error.hint) console.error(`hint: ${error.hint}`);
      process.exit(2);
    }
    throw error;
  }
  const bot = new Bot(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping plugins and disconnecting…`);
    await bot.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await bot.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
