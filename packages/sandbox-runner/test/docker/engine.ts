import Dockerode from 'dockerode';

/**
 * Whether a Docker engine answers and has the base image. On a laptop without one the Docker suites
 * skip with a visible notice; under CI (`CI=true`) a missing engine or image fails the run instead.
 */
export async function dockerReady(image = 'maidkit/python-base:bookworm'): Promise<boolean> {
  let problem: string | undefined;
  try {
    const docker = new Dockerode();
    await docker.ping();
    await docker.getImage(image).inspect().catch(() => {
      problem = `image ${image} missing (run scripts/docker-engine.sh)`;
    });
  } catch (err) {
    problem = `no Docker engine (${(err as Error).message}); run scripts/docker-engine.sh`;
  }
  if (!problem) return true;
  if (process.env.CI === 'true') throw new Error(`Docker tests need a real engine in CI: ${problem}`);
  console.warn(`\n*** SKIPPING Docker tests: ${problem} ***\n`);
  return false;
}
