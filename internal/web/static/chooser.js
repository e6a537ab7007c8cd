// Enhances each organisation and service chooser (the "chooser" template) with GOV.UK's
// accessible-autocomplete: typing part of a name suggests matches from the chooser's
// data-source, and picking one ticks it among the chooser's checkboxes, which the form
// sends as before. The search button stays: it lists matches from the server, as it does
// without JavaScript.
(function () {
  'use strict'
  if (!window.accessibleAutocomplete || !window.fetch || !document.body.classList.contains('govuk-frontend-supported')) {
    return
  }

  function text (s) {
    const d = document.createElement('div')
    d.textContent = s
    return d.innerHTML
  }

  // tick ticks the choice, adding its checkbox (the "checkbox-item" template's markup)
  // when the chooser does not list it yet.
  function tick (chooser, choices, c) {
    const name = chooser.getAttribute('data-name')
    const id = chooser.getAttribute('data-item') + '-' + c.value
    let box = document.getElementById(id)
    if (!box) {
      const item = document.createElement('div')
      item.className = 'govuk-checkboxes__item'
      box = document.createElement('input')
      box.className = 'govuk-checkboxes__input'
      box.id = id
      box.name = name
      box.type = 'checkbox'
      box.value = c.value
      const label = document.createElement('label')
      label.className = 'govuk-label govuk-checkboxes__label'
      label.htmlFor = id
      label.textContent = c.text
      item.append(box, label)
      if (c.hint) {
        const hint = document.createElement('div')
        hint.id = id + '-item-hint'
        hint.className = 'govuk-hint govuk-checkboxes__hint'
        hint.textContent = c.hint
        box.setAttribute('aria-describedby', hint.id)
        item.append(hint)
      }
      choices.append(item)
    }
    box.checked = true
    choices.hidden = false
  }

  // messages are accessible-autocomplete's messages from the chooser's data-i18n-*
  // attributes, which pages not in English have; the component's own English otherwise.
  function messages (chooser) {
    const d = chooser.dataset
    const fill = function (s, v) {
      return s.replace(/%\{(\w+)\}/g, function (m, k) { return k in v ? String(v[k]) : m })
    }
    const m = {}
    if (d.i18nNoResults) {
      m.tNoResults = function () { return d.i18nNoResults }
    }
    if (d.i18nNoResultsStatus) {
      m.tStatusNoResults = function () { return d.i18nNoResultsStatus }
    }
    if (d.i18nQueryTooShort) {
      m.tStatusQueryTooShort = function (n) { return fill(d.i18nQueryTooShort, { count: n }) }
    }
    if (d.i18nSelected) {
      m.tStatusSelectedOption = function (option, n, i) { return fill(d.i18nSelected, { option: option, count: n, index: i + 1 }) }
    }
    if (d.i18nResults) {
      m.tStatusResults = function (n, option) { return fill(d.i18nResults, { count: n, option: option }) }
    }
    if (d.i18nHint) {
      m.tAssistiveHint = function () { return d.i18nHint }
    }
    return m
  }

  document.querySelectorAll('[data-module="ld-chooser"]').forEach(function (chooser) {
    const input = chooser.querySelector('.ld-chooser__search input')
    const choices = chooser.querySelector('.ld-chooser__choices')
    if (!input || !choices) {
      return
    }
    const source = chooser.getAttribute('data-source')
    const box = document.createElement('div')
    box.className = 'ld-chooser__autocomplete'
    input.replaceWith(box)
    let timer
    window.accessibleAutocomplete(Object.assign(messages(chooser), {
      element: box,
      id: input.id,
      name: input.name,
      defaultValue: input.value,
      minLength: 2,
      displayMenu: 'overlay',
      confirmOnBlur: false,
      source: function (query, populate) {
        clearTimeout(timer)
        timer = setTimeout(function () {
          fetch(source + '?q=' + encodeURIComponent(query), { headers: { Accept: 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : [] })
            .then(populate, function () { populate([]) })
        }, 150)
      },
      templates: {
        inputValue: function () { return '' },
        suggestion: function (c) {
          if (typeof c === 'string') {
            return text(c)
          }
          return text(c.text) + (c.hint ? ' <span class="ld-chooser__hint">' + text(c.hint) + '</span>' : '')
        }
      },
      onConfirm: function (c) {
        if (c && typeof c === 'object') {
          tick(chooser, choices, c)
        }
      }
    }))
    const made = document.getElementById(input.id)
    if (made) {
      made.classList.add('govuk-input--width-20')
      if (input.classList.contains('govuk-input--error')) {
        made.classList.add('govuk-input--error')
      }
    }
  })
})()
