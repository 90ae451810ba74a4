package server

// AcceptedLanguages is acceptedLanguages, for the tests.
var AcceptedLanguages = acceptedLanguages
var Elide = elide
