// The virtual module setup/self-study-inventory.ts serves: the deck's
// predictions and exercises, validated at build time.
declare module 'virtual:deck-self-study' {
  const inventory: import('../lib/self-study/inventory.ts').Inventory
  export default inventory
}
