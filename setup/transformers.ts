import { defineTransformersSetup } from '@slidev/types'
import { maskPlaceholders, parseRunBlock, runBlockHtml } from './run-blocks.ts'

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
      const { masked, restore } = maskPlaceholders(block.line)
      return runBlockHtml(block, restore(await context.renderHighlighted({ info: block.info, code: masked })))
    },
  ],
}))
