'use strict'
// Written without semicolons, the way `standard`-style packages are (fastify, koa): the file's
// directive, the directives of function bodies and the super() calls end at the line break.

const label = 'standard style'

function strictThis () {
  'use strict'
  return typeof this
}

function twoDirectives () {
  'use strict'
  'another directive'
  return [typeof this, arguments.length]
}

function directiveOnly () { 'use strict' }

function directiveAndComment () {
  'use strict' // a comment on the directive's line
  return 'after the comment'
}

class Base {
  constructor (name) {
    this.name = name
  }
}

class Derived extends Base {
  constructor (name, extra) {
    super(name)
    this.extra = extra
  }

  describe () {
    return `${this.name}+${this.extra}`
  }
}

class DerivedWithField extends Base {
  tag = 'field'

  constructor () {
    super('with field')
    this.after = `${this.tag} seen after super`
  }
}

module.exports = { label, strictThis, twoDirectives, directiveOnly, directiveAndComment, Derived, DerivedWithField }
