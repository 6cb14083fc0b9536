// The unit project has no Vue plugin, so a component test compiles its .vue
// file here: Vue's own SFC compiler (script setup, template inlined), then
// TypeScript's transpiler to CommonJS, evaluated with a `require` that hands
// out modules imported through vitest. Relative imports resolve against the
// component's folder, so a `vi.mock` of that path in the test applies; other
// .vue imports must be given as stubs.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { compileScript, parse } from 'vue/compiler-sfc'
import type { Component } from 'vue'

/**
 * Compiles `file` and returns its component; `stubs` replace imports by
 * specifier (e.g. './RunTerminal.vue'); `source` compiles other text as if it
 * were that file (to check that a test catches a broken component).
 */
export async function loadSfc(file: string, stubs: Record<string, unknown> = {}, source = readFileSync(file, 'utf8')): Promise<Component> {
  const { descriptor, errors } = parse(source, { filename: file })
  if (errors.length) throw new Error(`${file} does not parse: ${errors.map(String).join('; ')}`)
  const id = path.basename(file).replace(/\W/g, '').toLowerCase()
  const script = compileScript(descriptor, { id, inlineTemplate: true, isProd: false })
  const { outputText } = ts.transpileModule(script.content, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false },
  })
  const modules = new Map<string, unknown>()
  for (const [, specifier] of outputText.matchAll(/require\("([^"]+)"\)/g)) {
    if (modules.has(specifier!)) continue
    if (specifier! in stubs) modules.set(specifier!, { default: stubs[specifier!] })
    else if (specifier!.endsWith('.vue')) throw new Error(`${file} imports ${specifier}: pass a stub for it to loadSfc`)
    else modules.set(specifier!, await import(/* @vite-ignore */ specifier!.startsWith('.') ? path.resolve(path.dirname(file), specifier!) : specifier!))
  }
  const exports: { default?: Component } = {}
  const require = (specifier: string) => modules.get(specifier)
  new Function('require', 'exports', outputText)(require, exports)
  if (!exports.default) throw new Error(`${file} has no default export after compiling`)
  return exports.default
}
