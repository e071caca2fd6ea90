import { Handler, Services } from '../services';

/** Both views: a delete in one changes what the other shows. */
export function refresh({ model, assets }: Services): Handler {
  return () => {
    model.refresh();
    assets.refresh();
  };
}
