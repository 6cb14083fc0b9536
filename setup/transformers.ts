import { defineTransformersSetup } from '@slidev/types'
import { maskPlaceholders, parseRunBlock, runBlockHtml } from './run-blocks.ts'
import { parseSelfStudyBlock, selfStudyBlockHtml, slideName } from './self-study-blocks.ts'

// Runnable fences become <Run> blocks, ```exercise fences <Exercise>; a
// ```predict fence is checked and renders nothing (its run block asks it);
// everything else stays as Slidev renders it.
export default defineTransformersSetup(() => ({
  pre: [],
  preCodeblock: [],
  postCodeblock: [],
  post: [],
  codeblocks: [
    async (context) => {
      const study = parseSelfStudyBlock(context.info, context.code, slideName(context.slide))
      if (study) return selfStudyBlockHtml(study)
      const block = parseRunBlock(context.info, context.code)
      if (!block) return undefined
      const { masked, restore } = maskPlaceholders(block.line)
      return runBlockHtml(block, restore(await context.renderHighlighted({ info: block.info, code: masked })))
    },
  ],
}))
