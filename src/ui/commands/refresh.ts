import { Handler, Services } from '../services';

export function refresh({ model }: Services): Handler {
  return () => {
    model.refresh();
  };
}
