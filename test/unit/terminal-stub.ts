// Stands in for RunTerminal.vue (xterm.js needs a real canvas) and shows the props it got.
import { defineComponent, h } from 'vue'

export const TerminalStub = defineComponent({
  name: 'RunTerminal',
  props: { session: { type: String, default: undefined }, events: { type: Array, default: undefined }, pty: { type: Object, default: undefined } },
  setup: (props) => () => h('div', { class: 'terminal-stub', 'data-run-id': props.session, 'data-events': props.events?.length, 'data-client': props.pty ? 'yes' : 'no' }),
})
