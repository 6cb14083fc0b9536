// Stands in for RunTerminal.vue (xterm.js needs a real canvas) and shows the props it got.
import { defineComponent, h } from 'vue'

export const TerminalStub = defineComponent({
  name: 'RunTerminal',
  props: { runId: { type: String, default: undefined }, events: { type: Array, default: undefined }, version: { type: Number, default: undefined }, client: { type: Object, default: undefined } },
  setup: (props) => () => h('div', { class: 'terminal-stub', 'data-run-id': props.runId, 'data-events': props.version, 'data-client': props.client ? 'yes' : 'no' }),
})
