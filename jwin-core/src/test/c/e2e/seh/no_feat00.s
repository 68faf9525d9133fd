# An object that does not declare itself SafeSEH-compatible (@feat.00 bit 0 clear): -safeseh must refuse it.
	.text
	.globl	_helper
_helper:
	ret
