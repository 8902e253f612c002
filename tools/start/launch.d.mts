/** Whether `directory`'s node_modules holds what its package-lock.json asks for, Node included. */
export function installIsCurrent(directory?: string): boolean;
