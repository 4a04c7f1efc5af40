export function onEnter(): void {}
export function onExit(): void {}
