import { CommandName, commandId } from '../../src/ui/contributions';
import { NLS } from './manifest';

/** Every command's id, by the name package.nls.json titles it with: `COMMAND.refresh` is `twelvelabs.refresh`. */
export const COMMAND = Object.fromEntries(
  Object.keys(NLS).flatMap((key) => {
    const name = /^command\.(\w+)\.title$/.exec(key)?.[1] as CommandName | undefined;
    return name === undefined ? [] : [[name, commandId(name)]];
  }),
) as { readonly [Name in CommandName]: `twelvelabs.${Name}` };
