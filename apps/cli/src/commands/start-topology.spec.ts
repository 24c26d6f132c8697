import { ConfigError } from '@cascade/config';
import { readStartTopology } from './start-topology';

describe('readStartTopology', () => {
  it('runs one worker and one API on PORT by default', () => {
    expect(readStartTopology({}, 3000)).toEqual({ workers: 1, apiPorts: [3000], publicUrl: 'http://127.0.0.1:3000' });
  });

  it('reads the production topology: two workers, two APIs behind a balancer', () => {
    expect(
      readStartTopology(
        { CASCADE_WORKERS: '2', CASCADE_API_PORTS: '3871, 3872', CASCADE_PUBLIC_URL: 'http://127.0.0.1:3870/' },
        3000,
      ),
    ).toEqual({ workers: 2, apiPorts: [3871, 3872], publicUrl: 'http://127.0.0.1:3870' });
  });

  it.each([
    [{ CASCADE_WORKERS: '0' }, /CASCADE_WORKERS must be a whole number from 1 to 16/],
    [{ CASCADE_WORKERS: 'two' }, /CASCADE_WORKERS must be a whole number/],
    [{ CASCADE_API_PORTS: '3871,http' }, /CASCADE_API_PORTS must list 1 to 16 port numbers/],
    [{ CASCADE_API_PORTS: '3871,70000' }, /CASCADE_API_PORTS must list/],
    [{ CASCADE_API_PORTS: '3871,3871' }, /CASCADE_API_PORTS lists a port twice/],
    [{ CASCADE_PUBLIC_URL: 'balancer:3870' }, /CASCADE_PUBLIC_URL must be http\(s\):\/\/host/],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readStartTopology(env, 3000)).toThrow(ConfigError);
    expect(() => readStartTopology(env, 3000)).toThrow(message);
  });
});
