// @vitest-environment happy-dom
// The students' way in on the title slide: the address, the room code and
// a QR code of the address, on the lecturer's windows while sharing; nothing
// on a student's page, without a share, or printed.
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { shallowReactive } from 'vue'
import { printMode } from './slidev-stub.ts'

const fake = vi.hoisted(() => ({ state: undefined as unknown }))
vi.mock('../../composables/useRunner', () => ({ useRunner: () => ({ state: fake.state }) }))
vi.mock('@slidev/client', async () => (await import('./slidev-stub.ts')).slidevClient)
const { default: ShareInvite } = await import('../../components/ShareInvite.vue')

const SHARE = { url: 'http://192.168.0.23:3031/?code=18hqzjav', code: '18hqzjav', followers: 2 }

afterEach(() => {
  printMode.value = false
})

describe('ShareInvite.vue', () => {
  it('shows the address, the code and a QR code of the address while the lecturer shares', async () => {
    fake.state = shallowReactive({ share: SHARE, readOnly: false })
    const wrapper = mount(ShareInvite)
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('.share-qr svg').exists()).toBe(true))
    expect(wrapper.get('.share-url').text()).toBe(SHARE.url)
    expect(wrapper.get('.share-code strong').text()).toBe('18hqzjav')
    expect(wrapper.get('.share-lead').text()).toBe('학생은 노트북에서 이 주소를 열거나 QR 코드를 찍으세요')
    expect(wrapper.get('.share-qr').attributes()).toMatchObject({ role: 'img', 'aria-label': '학생용 주소의 QR 코드' })
  })

  it.each([
    ['without a share', { share: undefined, readOnly: false }, false],
    ['on a student\'s page', { share: SHARE, readOnly: true }, false],
    ['printed', { share: SHARE, readOnly: false }, true],
  ])('shows nothing %s', async (_, state, print) => {
    fake.state = shallowReactive(state)
    printMode.value = print
    const wrapper = mount(ShareInvite)
    await flushPromises()
    expect(wrapper.find('.share-invite').exists()).toBe(false)
  })
})
