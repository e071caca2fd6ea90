import { Handler, Services } from '../services';

export function showLog({ log }: Services): Handler {
  return () => {
    log.show(true);
  };
}
