export const projectRoot: string;
/** The Node binary the project installs for itself. */
export function projectNode(directory?: string): string;
/** Whether `directory`'s node_modules holds what its package-lock.json asks for, Node included. */
export function installIsCurrent(directory?: string): boolean;
