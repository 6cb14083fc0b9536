// Stands in for Slidev's virtual module '#slidev/configs' in unit tests (the
// real one is the deck's headmatter, inside a running deck): the Korean
// deck's, which names no edition. vitest.config.ts points the alias here.
export default { title: '도커 컨테이너 다루기 (2장)' }
