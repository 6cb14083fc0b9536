// What to tell a person to do on the kind of computer they have: a Mac user
// gets Docker Desktop or Colima and Homebrew, not apt-get; a Debian user
// gets Debian's packages. Pure, so each platform's advice is unit-tested.

/** The kinds of computer the advice tells apart. */
export type PlatformKind = 'macos' | 'windows' | 'debian' | 'linux'

/** The kind of computer, from Node's platform name and (on Linux) whether os-release names Debian or a distribution like it. */
export function platformKind(platform: NodeJS.Platform, debianLike: boolean): PlatformKind {
  if (platform === 'darwin') return 'macos'
  if (platform === 'win32') return 'windows'
  return debianLike ? 'debian' : 'linux'
}

export interface PlatformAdvice {
  /** How to get the docker client. */
  installDocker: string
  /** How to start an engine that is installed but not running. */
  startEngine: string
  /** How to get node-pty to build. */
  buildTools: string
  /** How to get a Chromium for browser tests and PDF export. */
  chromium: string
}

const ADVICE: Record<PlatformKind, PlatformAdvice> = {
  macos: {
    installDocker: 'install Docker Desktop (docker.com), or `brew install colima docker` for Colima',
    startEngine: 'open Docker Desktop and wait for "Engine running", or run `colima start`',
    buildTools: 'run `xcode-select --install` (the compiler node-pty builds with), then `npm rebuild node-pty`',
    chromium: 'install Google Chrome or Chromium (`brew install --cask chromium`), or set CHROMIUM_PATH',
  },
  windows: {
    installDocker: 'install Docker Desktop (docker.com) with its WSL 2 backend; the deck runs best inside WSL',
    startEngine: 'open Docker Desktop and wait for "Engine running"',
    buildTools: 'install the "Desktop development with C++" tools of Visual Studio, then `npm rebuild node-pty`',
    chromium: 'install Google Chrome or Chromium, or set CHROMIUM_PATH',
  },
  debian: {
    installDocker: 'run `sudo apt-get install docker.io` (or Docker\'s own docker-ce packages)',
    startEngine: '`sudo systemctl start docker` with systemd; without it `sudo dockerd > dockerd.log 2>&1 &` (as root, `npm test` and `npm run images:offline` install and start it for you)',
    buildTools: 'run `sudo apt-get install python3 make g++`, then `npm rebuild node-pty`',
    chromium: 'run `sudo apt-get install chromium`, or set CHROMIUM_PATH',
  },
  linux: {
    installDocker: 'install Docker Engine with your distribution\'s package manager (docker, docker-ce or moby-engine)',
    startEngine: '`sudo systemctl start docker` with systemd; without it `sudo dockerd > dockerd.log 2>&1 &`',
    buildTools: 'install python3, make and a C++ compiler with your package manager, then `npm rebuild node-pty`',
    chromium: 'install Chromium or Google Chrome with your package manager, or set CHROMIUM_PATH',
  },
}

/** The advice for `kind`. */
export const platformAdvice = (kind: PlatformKind): PlatformAdvice => ADVICE[kind]
