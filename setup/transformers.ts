import { defineTransformersSetup } from '@slidev/types'
import { parseRunBlock, runBlockHtml } from './run-blocks.ts'

// Runnable fences become <Run> blocks; everything else stays as Slidev renders it.
export default defineTransformersSetup(() => ({
  pre: [],
  preCodeblock: [],
  postCodeblock: [],
  post: [],
  codeblocks: [
    async (context) => {
      const block = parseRunBlock(context.info, context.code)
      if (!block) return undefined
      return runBlockHtml(block, await context.renderHighlighted({ info: block.info }))
    },
  ],
}))
