/** Set to "1" by `npm run build`: vite.config.ts then inlines the whole site into index.html. */
export const SINGLE_FILE_ENV = 'DECK_SINGLE_FILE'
