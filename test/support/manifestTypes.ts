/**
 * The parts of package.json the tests read, typed as VS Code's extension manifest documents them.
 * A cast, not a check: the tests that read a field assert its value.
 */
export interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

export interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}

export interface Manifest {
  engines: { vscode: string };
  activationEvents?: string[];
  devDependencies: Record<string, string | undefined>;
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations?: string[] } };
  contributes: {
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[] | undefined>;
    viewsWelcome: { view: string; when?: string; contents: string }[];
    commands: ManifestCommand[];
    menus: Record<string, MenuEntry[] | undefined>;
    configuration: { properties: Record<string, { default?: unknown; scope?: string } | undefined> };
  };
}
